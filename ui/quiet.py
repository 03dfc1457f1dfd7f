"""When a bell or a reminder should keep quiet: the desktop's Do Not Disturb, a fullscreen window in
front (a film, a game, a presentation), or the person's own "pause reminders".

Do Not Disturb is the notification daemon's ``Inhibited`` property (ui/notifier.py follows it);
the fullscreen window is read on X11 from ``_NET_ACTIVE_WINDOW`` and its ``_NET_WM_STATE`` (one
round trip, only when something is due). Wayland offers no way to ask; there only the daemon's
Do Not Disturb and the pause apply. Screen sharing cannot be detected portably, so it isn't.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
from functools import cache


class _Cookie(ctypes.Structure):
    _fields_ = [("sequence", ctypes.c_uint)]


class _ScreenIterator(ctypes.Structure):
    _fields_ = [("data", ctypes.POINTER(ctypes.c_uint32)), ("rem", ctypes.c_int), ("index", ctypes.c_int)]


@cache
def _xcb() -> tuple[ctypes.CDLL, ctypes.CDLL] | None:
    """libxcb (an error is a reply, never the process's exit, unlike Xlib's default handler)."""
    name, libc_name = ctypes.util.find_library("xcb"), ctypes.util.find_library("c")
    if name is None or libc_name is None:
        return None
    try:
        xcb, libc = ctypes.CDLL(name), ctypes.CDLL(libc_name)
    except OSError:
        return None
    xcb.xcb_connect.restype = ctypes.c_void_p
    xcb.xcb_connect.argtypes = [ctypes.c_char_p, ctypes.POINTER(ctypes.c_int)]
    xcb.xcb_connection_has_error.argtypes = [ctypes.c_void_p]
    xcb.xcb_disconnect.argtypes = [ctypes.c_void_p]
    xcb.xcb_get_setup.restype = ctypes.c_void_p
    xcb.xcb_get_setup.argtypes = [ctypes.c_void_p]
    xcb.xcb_setup_roots_iterator.restype = _ScreenIterator
    xcb.xcb_setup_roots_iterator.argtypes = [ctypes.c_void_p]
    xcb.xcb_intern_atom.restype = _Cookie
    xcb.xcb_intern_atom.argtypes = [ctypes.c_void_p, ctypes.c_uint8, ctypes.c_uint16, ctypes.c_char_p]
    xcb.xcb_intern_atom_reply.restype = ctypes.POINTER(ctypes.c_uint32)
    xcb.xcb_intern_atom_reply.argtypes = [ctypes.c_void_p, _Cookie, ctypes.POINTER(ctypes.c_void_p)]
    xcb.xcb_get_property.restype = _Cookie
    xcb.xcb_get_property.argtypes = [ctypes.c_void_p, ctypes.c_uint8, *([ctypes.c_uint32] * 5)]
    xcb.xcb_get_property_reply.restype = ctypes.POINTER(ctypes.c_uint8)
    xcb.xcb_get_property_reply.argtypes = [ctypes.c_void_p, _Cookie, ctypes.POINTER(ctypes.c_void_p)]
    xcb.xcb_get_property_value.restype = ctypes.POINTER(ctypes.c_uint32)
    xcb.xcb_get_property_value.argtypes = [ctypes.c_void_p]
    xcb.xcb_get_property_value_length.argtypes = [ctypes.c_void_p]
    libc.free.argtypes = [ctypes.c_void_p]
    return xcb, libc


def _atom(xcb: ctypes.CDLL, libc: ctypes.CDLL, conn: int, name: bytes) -> int:
    error = ctypes.c_void_p()
    reply = xcb.xcb_intern_atom_reply(
        conn, xcb.xcb_intern_atom(conn, 1, len(name), name), ctypes.byref(error)
    )
    libc.free(error)
    if not reply:
        return 0
    atom = int(reply[2])  # response_type, pad, sequence (one 32-bit word), length, then the atom
    libc.free(reply)
    return atom


def _words(xcb: ctypes.CDLL, libc: ctypes.CDLL, conn: int, window: int, name: bytes) -> list[int]:
    """A 32-bit-format property of ``window`` as numbers (atoms, window ids); [] if it has none."""
    atom = _atom(xcb, libc, conn, name)
    if not atom:
        return []
    error = ctypes.c_void_p()
    cookie = xcb.xcb_get_property(conn, 0, window, atom, 0, 0, 64)  # type 0: any
    reply = xcb.xcb_get_property_reply(conn, cookie, ctypes.byref(error))
    libc.free(error)  # a window that closed meanwhile: an error here, and no reply
    if not reply:
        return []
    try:
        if reply[1] != 32:
            return []
        count = xcb.xcb_get_property_value_length(reply) // 4
        return list(xcb.xcb_get_property_value(reply)[:count])
    finally:
        libc.free(reply)


def fullscreen_window_active(display_name: str | None = None) -> bool:
    """Whether the window in front fills the screen (X11's EWMH hints); False where it can't be known."""
    name = display_name or os.environ.get("DISPLAY")
    libs = _xcb() if name else None
    if libs is None or not name:
        return False
    xcb, libc = libs
    screen = ctypes.c_int()
    conn = xcb.xcb_connect(name.encode(), ctypes.byref(screen))
    try:
        if not conn or xcb.xcb_connection_has_error(conn):
            return False
        roots = xcb.xcb_setup_roots_iterator(xcb.xcb_get_setup(conn))
        root = int(roots.data[0])  # the first screen's root window
        active = _words(xcb, libc, conn, root, b"_NET_ACTIVE_WINDOW")
        if not active or not active[0]:
            return False
        fullscreen = _atom(xcb, libc, conn, b"_NET_WM_STATE_FULLSCREEN")
        return bool(fullscreen) and fullscreen in _words(xcb, libc, conn, active[0], b"_NET_WM_STATE")
    finally:
        if conn:
            xcb.xcb_disconnect(conn)


__all__ = ["fullscreen_window_active"]
