"""Reform costing: budget, workload, housing and labour-market effects with uncertainty."""
