"""People rows made ready to write: read from the file, checked and turned into a person's values.

``rows.prepared_here`` does it in this process, row by row. For a big file on a machine with a second core,
``ahead.prepared_ahead`` does the same in a second process, a chunk ahead of the rows being written, and
hands over the same results in the same order.
"""
