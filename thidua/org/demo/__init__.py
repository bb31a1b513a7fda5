"""The demo province (Bạc Liêu 2020 and its 2025 merger into Cà Mau): data and loader.

Run it with ``thidua demo``; see ``thidua.org.demo.loader.load_demo``.
"""
