"""Ingest: corpus files -> normalised text -> structure -> chunks -> embeddings -> versioned index."""
