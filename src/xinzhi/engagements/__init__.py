"""对接 engagements: from a demand and a candidate to a registered technology contract.

Stages, contact log, 技术合同登记, the conversion funnel and outcome labels for the matcher
(see ``docs/engagements.md``).
"""
