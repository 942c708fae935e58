"""summit-scheduler: the earliest moment leaders can meet, across venues and time zones."""
