"""The ``xinzhi`` command line: noun groups that mirror the REST API."""
