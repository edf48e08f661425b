"""What the form engine says: the Chinese texts and the prompts built from a form and a draft."""

from __future__ import annotations

from typing import TYPE_CHECKING

from dialogs.events import Action, Button, Press, Prompt
from dialogs.schema import FieldType, Form, FormField
from dialogs.values import Value, example, format_value

if TYPE_CHECKING:
    from dialogs.engine import Draft

PRIVACY = (
    "个人信息说明：登记时会请您留下姓名和电话，只用于处理这次诉求、联系您；"
    "只有负责您案件的工作人员能看到；您可以随时输入 /forget 要求删除。"
    "您的每一步回答都会自动保存，中途退出也不会丢。"
)
DECLINED = (
    "好的，不登记了，也没有保存您的个人信息。您可以继续向我提问，或拨打 12348 公共法律服务热线。"
)
PLEASE_CONSENT = "开始登记前，需要您先看一下个人信息说明，点“同意并开始”或“不同意”。"
CANCEL_ASK = "确定要取消这次登记吗？已填写的内容会被删除。"
CANCEL_CHOOSE = "请点“确定取消”或“继续填写”。"
CANCELLED = "已取消登记，草稿已删除。需要时可以随时重新登记。"
SUMMARY_HEAD = "请核对您填写的内容，没问题就点“提交”；要改哪一项，点“改：…”。"
SUMMARY_CHOOSE = "请点“提交”，或点“改：…”修改某一项。"
FIRST_QUESTION = "这已经是第一个问题了。"
REQUIRED = "这一项需要填写，不能跳过。"
STALE_BUTTON = "这个按钮已经过期了，请回答当前的问题。"
SEND_FILES = "请直接发送照片或文件（可以发多份），发完后点“完成”。没有材料的话可以点“跳过”。"
PICK_OPTIONS = "请点下面的选项（可以多选），选好后点“完成”。"
PICK_AT_LEAST_ONE = "请至少选一项，选好后点“完成”。"
KEPT_FOR_LATER = "收到您发的材料，已经先保存下来，会附在这次登记里。"
SKIPPED = "（跳过）"

LABELS = {
    Action.BACK: "⬅ 上一步",
    Action.SKIP: "跳过",
    Action.CANCEL: "✖ 取消",
    Action.DONE: "✔ 完成",
    Action.SUBMIT: "✅ 提交",
    Action.AGREE: "同意并开始",
    Action.DECLINE: "不同意",
    Action.CONFIRM_CANCEL: "确定取消",
    Action.KEEP: "继续填写",
}


def _button(action: Action, field: str | None = None, value: str | None = None) -> Button:
    return Button(LABELS[action], Press(action, field, value))


def _rows(buttons: list[Button], width: int = 2) -> tuple[tuple[Button, ...], ...]:
    return tuple(tuple(buttons[i : i + width]) for i in range(0, len(buttons), width))


def intro(form: Form) -> Prompt:
    """The form's title and introduction."""
    return Prompt(f"【{form.title}】\n{form.intro.strip()}")


def consent(form: Form) -> Prompt:
    """Privacy notice with agree / decline."""
    text = f"【{form.title}】\n{form.intro.strip()}\n\n{PRIVACY}"
    return Prompt(text, ((_button(Action.AGREE), _button(Action.DECLINE)),))


def cancel() -> Prompt:
    """Confirm cancelling."""
    return Prompt(CANCEL_ASK, ((_button(Action.CONFIRM_CANCEL), _button(Action.KEEP)),))


def field(form: Form, draft: Draft, target: FormField, fields: list[FormField]) -> Prompt:
    """The question for one field, with its buttons and the controls."""
    ids = [f.id for f in fields]
    number = ids.index(target.id) + 1 if target.id in ids else len(ids)
    lines = [f"（{number}/{len(ids)}）{target.prompt}"]
    if target.help:
        lines.append(target.help)
    shown = example(target)
    if shown and target.type not in (FieldType.CHOICE, FieldType.MULTI_CHOICE):
        lines.append(f"例如：{shown}")
    if target.id in draft.answers and target.type is not FieldType.EVIDENCE:
        lines.append(f"当前答案：{format_value(target, draft.answers[target.id])}")
    buttons: list[Button] = []
    if target.type is FieldType.CHOICE:
        buttons = [
            Button(o.label, Press(Action.CHOOSE, target.id, o.value)) for o in target.options
        ]
    elif target.type is FieldType.YES_NO:
        buttons = [
            Button("是", Press(Action.CHOOSE, target.id, "yes")),
            Button("否", Press(Action.CHOOSE, target.id, "no")),
        ]
    elif target.type is FieldType.MULTI_CHOICE:
        buttons = [
            Button(
                ("☑ " if o.value in draft.selected else "☐ ") + o.label,
                Press(Action.TOGGLE, target.id, o.value),
            )
            for o in target.options
        ]
    rows = list(_rows(buttons))
    if target.type in (FieldType.MULTI_CHOICE, FieldType.EVIDENCE):
        rows.append((_button(Action.DONE, target.id),))
    controls = [_button(Action.BACK, target.id)]
    if target.optional:
        controls.append(_button(Action.SKIP, target.id))
    controls.append(_button(Action.CANCEL, target.id))
    rows.append(tuple(controls))
    return Prompt("\n".join(lines), tuple(rows))


def summary(form: Form, answers: dict[str, Value], fields: list[FormField]) -> Prompt:
    """Every answer for review, submit, and a change button per field."""
    lines = [f"【{form.title}】", SUMMARY_HEAD, ""]
    for item in fields:
        value = answers.get(item.id)
        lines.append(f"{item.label}：{SKIPPED if value is None else format_value(item, value)}")
    edits = [Button(f"改：{f.label}", Press(Action.EDIT, f.id)) for f in fields]
    rows = ((_button(Action.SUBMIT), _button(Action.CANCEL)), *_rows(edits))
    return Prompt("\n".join(lines), rows)


def received(count: int, target: FormField) -> Prompt:
    """Acknowledge one more evidence file."""
    text = f"已收到第 {count} 份材料。还有就继续发送，发完点“完成”。"
    return Prompt(text, ((_button(Action.DONE, target.id),),))
