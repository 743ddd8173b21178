"""Gongkai (公开): the platform on which a local government runs its 政务公开 work."""
