"""The facilitator's tools: verifying results codes, the report, printed declarations and packages."""
