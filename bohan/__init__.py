"""Bōhan Atlas (防犯アトラス): crime-prevention data exploration for a Japanese city."""
