"""What the HTTP server and the offline runners share: settings, the request and response
schemas, loading the pipeline, and the annotator, the one way into the engine."""
