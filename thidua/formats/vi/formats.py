"""Vietnamese formats as offices write them: dates 02/09/2020 (Django's own vi formats use
02-09-2020); the rest as Django's vi locale has it."""

DATE_FORMAT = r"\N\gà\y d \t\há\n\g n \nă\m Y"
TIME_FORMAT = "H:i"
DATETIME_FORMAT = r"H:i \N\gà\y d \t\há\n\g n \nă\m Y"
YEAR_MONTH_FORMAT = "F Y"
MONTH_DAY_FORMAT = "j F"
SHORT_DATE_FORMAT = "d/m/Y"
SHORT_DATETIME_FORMAT = "H:i d/m/Y"
DECIMAL_SEPARATOR = ","
THOUSAND_SEPARATOR = "."
