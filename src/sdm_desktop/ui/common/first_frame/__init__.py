"""What the window's first frame uses instead of naming the enums of Qt's ``Qt`` namespace: Qt's numbers
(``qt_numbers``) and painting with filled shapes (``painting``). See ARCHITECTURE.md, "The first frame"."""
