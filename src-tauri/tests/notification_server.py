"""A recording desktop-notification server for tests: owns org.freedesktop.Notifications on the
session bus it is started on (under `dbus-run-session`), implements Notify, GetCapabilities,
GetServerInformation and CloseNotification, and prints each Notify call as one JSON line on
stdout. The first line is {"ready": true}. A notification that offers the "default" action is
"clicked" half a second later (an ActionInvoked signal), like a person clicking it. The server
stops when its standard input closes. Needs dbus-next (pip)."""

import asyncio
import json
import sys

from dbus_next.aio import MessageBus
from dbus_next.service import ServiceInterface, method, signal


class Notifications(ServiceInterface):
    def __init__(self) -> None:
        super().__init__("org.freedesktop.Notifications")
        self.last_id = 0

    @method()
    def GetCapabilities(self) -> "as":  # noqa: F821 - D-Bus signature
        return ["body", "actions"]

    @method()
    def GetServerInformation(self) -> "ssss":  # noqa: F821
        return ["rapport-test-server", "rapport", "1.0", "1.2"]

    @method()
    def Notify(  # noqa: N802 - the D-Bus name
        self,
        app_name: "s",  # noqa: F821
        replaces_id: "u",  # noqa: F821
        app_icon: "s",  # noqa: F821
        summary: "s",  # noqa: F821
        body: "s",  # noqa: F821
        actions: "as",  # noqa: F821
        hints: "a{sv}",  # noqa: F821
        expire_timeout: "i",  # noqa: F821
    ) -> "u":  # noqa: F821
        self.last_id += 1
        nid = self.last_id
        print(
            json.dumps(
                {
                    "id": nid,
                    "app_name": app_name,
                    "app_icon": app_icon,
                    "summary": summary,
                    "body": body,
                    "actions": list(actions),
                    "expire_timeout": expire_timeout,
                }
            ),
            flush=True,
        )
        if "default" in actions[0::2]:
            asyncio.get_running_loop().call_later(0.5, self.ActionInvoked, nid, "default")
        return nid

    @method()
    def CloseNotification(self, nid: "u") -> None:  # noqa: F821
        self.NotificationClosed(nid, 3)

    @signal()
    def ActionInvoked(self, nid, action) -> "us":  # noqa: F821
        return [nid, action]

    @signal()
    def NotificationClosed(self, nid, reason) -> "uu":  # noqa: F821
        return [nid, reason]


async def main() -> None:
    bus = await MessageBus().connect()
    bus.export("/org/freedesktop/Notifications", Notifications())
    await bus.request_name("org.freedesktop.Notifications")
    print(json.dumps({"ready": True}), flush=True)
    loop = asyncio.get_running_loop()
    # Until the test closes our standard input.
    await loop.run_in_executor(None, sys.stdin.read)


if __name__ == "__main__":
    asyncio.run(main())
