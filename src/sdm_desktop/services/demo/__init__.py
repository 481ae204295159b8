"""The sample data set (the fictional county of Wessex Vale), loaded feature by feature."""
