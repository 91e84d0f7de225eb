"""HTTP serving: the Flask app factory, a blueprint per resource, access control, the worker
and its deadlines, errors as problem details, logs, metrics and the demo page."""
