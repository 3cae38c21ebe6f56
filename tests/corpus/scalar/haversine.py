# Great-circle distance by the haversine formula (Sinnott 1984, "Virtues of the Haversine"),
# coordinates in degrees, Earth radius 6371 km, atan2 form as on Wikipedia's "Haversine formula".
import math

R_EARTH_KM = 6371.0


def haversine(lat1=48.8566, lon1=2.3522, lat2=51.5074, lon2=-0.1278):
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi = math.radians(lat2 - lat1)
    dlmb = math.radians(lon2 - lon1)
    h = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlmb / 2) ** 2
    return 2 * R_EARTH_KM * math.atan2(math.sqrt(h), math.sqrt(1 - h))


if __name__ == '__main__':
    print('Paris-London: %.1f km' % haversine())
