"""Responses to shared practice: comments, helpful marks, replication chains and evidence summaries."""
