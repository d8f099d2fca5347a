# SPDX-License-Identifier: GPL-3.0-or-later
"""A finger on the kiosk's screen: every control is touched by the pointer
at the middle of where the screen reader says it is (its AT-SPI extents),
after checking that it is wholly on the screen, wholly inside the area it
scrolls in, and big enough for a finger. A control below the fold is first
brought into view with the scroll wheel, as a person swipes a page."""

import subprocess
import time

import pyatspi

from kiosk_driver import CLICKABLE, EDITABLE

# WCAG 2.5.5: a target is at least 44 by 44 CSS pixels.
MIN_TARGET = 44
# Seconds a finger stays on the glass for a tap.
FINGER_DOWN = 0.1


def _xdotool(*args):
    subprocess.run(["xdotool", *args], check=True)


def screen_size():
    out = subprocess.run(["xdotool", "getdisplaygeometry"], capture_output=True, text=True,
                         check=True).stdout.split()
    return int(out[0]), int(out[1])


def extents(node):
    x, y, w, h = node.queryComponent().getExtents(pyatspi.WINDOW_COORDS)
    return x, y, w, h


def describe(node):
    try:
        return f"{pyatspi.Accessible.getRoleName(node)} {node.name!r}"
    except Exception:
        return repr(node)


def inside(inner, outer):
    x, y, w, h = inner
    ox, oy, ow, oh = outer
    return x >= ox and y >= oy and x + w <= ox + ow and y + h <= oy + oh


class Finger:
    def __init__(self, kiosk):
        self.kiosk = kiosk
        self.width, self.height = screen_size()
        self.touched = 0

    @property
    def screen(self):
        return (0, 0, self.width, self.height)

    # Waiting for the layout to settle

    def settled(self, node, timeout=10):
        """@node's extents once they stop changing (a page that has just
        shown, or a keyboard that has just come up, is still laying out)."""
        deadline = time.monotonic() + timeout
        last = None
        while True:
            now = extents(node)
            if now == last and now[2] > 0 and now[3] > 0:
                return now
            if time.monotonic() > deadline:
                raise AssertionError(f"{describe(node)} keeps moving: {last} then {now}")
            last = now
            time.sleep(0.15)

    def window_fills_screen(self):
        """The kiosk's window is the screen: a window taller than the
        screen puts its bottom (the buttons) out of reach."""
        window = self.kiosk.app.getChildAtIndex(0)
        x, y, w, h = self.settled(window)
        assert (w, h) == (self.width, self.height), \
            f"the window is {w}×{h}, the screen {self.width}×{self.height}"

    # Scrolled areas

    def scroller_of(self, node):
        """The nearest ancestor that scrolls: the one with a vertical scroll
        bar among its children."""
        parent = node.parent
        while parent is not None and parent is not self.kiosk.app:
            try:
                for i in range(parent.childCount):
                    child = parent.getChildAtIndex(i)
                    if (child is not None and child.getRole() == pyatspi.ROLE_SCROLL_BAR
                            and child.getState().contains(pyatspi.STATE_VERTICAL)):
                        return parent, child
            except Exception:
                pass
            parent = parent.parent
        return None, None

    def bring_into_view(self, node):
        """Wheels the page under the finger until @node is wholly inside its
        scrolled area, as a person swipes."""
        scroller, _ = self.scroller_of(node)
        if scroller is None:
            return
        for _attempt in range(40):
            box = self.settled(node)
            area = self.settled(scroller)
            if inside(box, area):
                return
            # Over the area, on the side away from its scroll bar.
            ax, ay, aw, ah = area
            _xdotool("mousemove", str(ax + aw // 2), str(ay + ah // 2))
            if box[1] + box[3] > ay + ah:
                _xdotool("click", "5")  # wheel down
            else:
                _xdotool("click", "4")  # wheel up
        raise AssertionError(f"{describe(node)} at {extents(node)} never came into its scrolled area "
                             f"{extents(scroller)}")

    # Touching

    def check_reachable(self, node):
        box = self.settled(node)
        x, y, w, h = box
        assert inside(box, self.screen), \
            f"{describe(node)} at {box} is not wholly on the {self.width}×{self.height} screen"
        assert w >= MIN_TARGET and h >= MIN_TARGET, \
            f"{describe(node)} is {w}×{h} px, smaller than a finger ({MIN_TARGET}×{MIN_TARGET})"
        scroller, _ = self.scroller_of(node)
        if scroller is not None:
            area = extents(scroller)
            assert inside(box, area), f"{describe(node)} at {box} sticks out of its scrolled area {area}"
        return box

    def touch(self, node):
        self.bring_into_view(node)
        x, y, w, h = self.check_reachable(node)
        # A finger rests on the glass a tenth of a second: long enough for the
        # window to lay itself out again between press and release, as it
        # does for a person (a click from xdotool is over in a millisecond).
        _xdotool("mousemove", str(x + w // 2), str(y + h // 2), "mousedown", "1")
        time.sleep(FINGER_DOWN)
        _xdotool("mouseup", "1")
        self.touched += 1
        return node

    def find(self, name=None, contains=None, roles=CLICKABLE, timeout=15):
        return self.kiosk.find(name, roles, contains, timeout)

    def press(self, name=None, contains=None, timeout=15):
        """Touches the button (or row) named @name; its name must be unique
        on screen, or the first one is taken."""
        return self.touch(self.find(name, contains, CLICKABLE, timeout))

    def press_fixed(self, name, timeout=15):
        """Touches a page's primary button, which never scrolls away: it
        sits in an action bar outside any scrolled area."""
        node = self.find(name, None, CLICKABLE, timeout)
        scroller, _ = self.scroller_of(node)
        assert scroller is None, f"{describe(node)} scrolls with the page: it belongs in an action bar"
        return self.touch(node)

    def wait_focused(self, node, timeout=10):
        deadline = time.monotonic() + timeout
        while not node.getState().contains(pyatspi.STATE_FOCUSED):
            if time.monotonic() > deadline:
                raise AssertionError(f"{describe(node)} does not take the focus")
            time.sleep(0.1)

    def touch_field(self, name, timeout=15):
        """Touches a text field until it holds the focus (a page that has
        just appeared may still move it to its first field)."""
        deadline = time.monotonic() + timeout
        while True:
            node = self.kiosk.find(name, EDITABLE, timeout=timeout)
            self.touch(node)
            try:
                self.wait_focused(node, timeout=2)
                return node
            except AssertionError:
                if time.monotonic() > deadline:
                    raise
