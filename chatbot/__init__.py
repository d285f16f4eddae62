"""Answering: understand the question, retrieve, compose a cited Dutch answer."""
