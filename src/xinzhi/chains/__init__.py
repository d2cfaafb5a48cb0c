"""Industrial and innovation chain maps (产业链/创新链图谱): chain graphs, records mapped to nodes,
and weak-link (卡脖子) scores linked to real catalog records."""
