"""Outgoing e-mail: the SMTP mailer that sends followers their report updates after a change commits."""
