# Bohachevsky function no. 1 (Bohachevsky, Johnson & Stein 1986), SFU Virtual Library:
# x^2 + 2 y^2 - 0.3 cos(3 pi x) - 0.4 cos(4 pi y) + 0.7. Indented with tabs.
import math


def bohachevsky(x=0.35, y=-0.6):
	term_x = x**2 - 0.3*math.cos(3*math.pi*x)
	term_y = 2*y**2 - 0.4*math.cos(4*math.pi*y)
	return term_x + term_y + 0.7
