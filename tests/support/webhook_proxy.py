"""Telegram's side of webhook mode: while a webhook is set on the fake Bot API, deliver each
pending update by POST, in order, until the bot answers 2xx, retrying as Telegram does.

The webhook URL must be HTTPS, so production puts a reverse proxy in front of the bot's plain
HTTP port; `target` is where that proxy forwards to. The secret token from setWebhook goes in
the X-Telegram-Bot-Api-Secret-Token header, like Telegram's.
"""

from __future__ import annotations

import json
import threading
from types import TracebackType

import httpx

from tests.support.fake_bot_api import FakeBotApi

RETRY_SECONDS = 0.1


class WebhookProxy:
    """`with WebhookProxy(api, "http://127.0.0.1:8443/telegram"):` delivers while the block runs."""

    def __init__(self, api: FakeBotApi, target: str) -> None:
        self.api, self.target = api, target
        self.statuses: list[int | str] = []  # every attempt: HTTP status or the error's name
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="webhook-proxy", daemon=True)

    def _run(self) -> None:
        with httpx.Client(timeout=30.0) as client:
            while not self._stop.is_set():
                hook = self.api.webhook
                pending = self.api.pending_updates() if hook.get("url") else []
                if not pending:
                    self._stop.wait(0.01)
                    continue
                update = pending[0]
                secret = hook.get("secret_token")
                headers = {"Content-Type": "application/json"}
                if secret:
                    headers["X-Telegram-Bot-Api-Secret-Token"] = str(secret)
                body = json.dumps(update, ensure_ascii=False).encode()
                try:
                    response = client.post(self.target, content=body, headers=headers)
                    status: int | str = response.status_code
                except httpx.HTTPError as error:
                    status = type(error).__name__
                self.statuses.append(status)
                if isinstance(status, int) and 200 <= status < 300:
                    self.api.confirm_update(update["update_id"])
                else:
                    self._stop.wait(RETRY_SECONDS)

    def __enter__(self) -> WebhookProxy:
        self._thread.start()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self._stop.set()
        self._thread.join(35)
