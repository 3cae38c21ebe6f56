#!/usr/bin/env python3
# -*- coding: utf-8 -*-
# Range and flight time of a projectile launched from height h at speed v and angle theta
# (degrees) without drag: R = v cos(t) / g * (v sin(t) + sqrt((v sin(t))^2 + 2 g h)).
# The standard kinematics result, e.g. Wikipedia's "Range of a projectile".
import math

G = 9.80665


def projectile(v=20.0, angle_deg=35.0, h=1.5):
    theta = math.radians(angle_deg)
    vx = v * math.cos(theta)
    vy = v * math.sin(theta)
    t_flight = (vy + math.sqrt(vy**2 + 2 * G * h)) / G
    return vx * t_flight, t_flight


if __name__ == "__main__":
    r, t = projectile()
    print(f"range {r:.2f} m after {t:.2f} s")
