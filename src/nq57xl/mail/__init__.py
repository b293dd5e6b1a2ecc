"""Mail: the summary email, reminders to communes, feedback workbooks and their drafts."""
