"""Qt's own numbers for the few enum values the window needs before it is first painted.

Naming any enum of PySide's ``Qt`` namespace (``Qt.AlignmentFlag.AlignCenter``) makes PySide build the Python enums
of the whole namespace at once: 96 of them, 40 ms of a start-up whose bare window takes 200 ms. So what the first
frame builds and paints names none: it passes these numbers where Qt takes an ``int`` (item data roles, text flags)
or sets them through Qt's property system, which converts a number to the property's enum
(``widget.setProperty("alignment", ALIGN_CENTRE)``). ``tests/test_first_frame.py`` checks each number against
Qt's enum, and that showing the window builds none of the namespace's enums.
"""

DISPLAY_ROLE = 0                    # Qt.ItemDataRole.DisplayRole
DECORATION_ROLE = 1                 # Qt.ItemDataRole.DecorationRole
FONT_ROLE = 6                       # Qt.ItemDataRole.FontRole
ACCESSIBLE_TEXT_ROLE = 11           # Qt.ItemDataRole.AccessibleTextRole

ALIGN_H_CENTRE = 0x0004             # Qt.AlignmentFlag.AlignHCenter
ALIGN_TOP = 0x0020                  # Qt.AlignmentFlag.AlignTop
ALIGN_CENTRE = 0x0084               # Qt.AlignmentFlag.AlignCenter
TEXT_WORD_WRAP = 0x1000             # Qt.TextFlag.TextWordWrap

SCROLL_BAR_ALWAYS_OFF = 1           # Qt.ScrollBarPolicy.ScrollBarAlwaysOff
