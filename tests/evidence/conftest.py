import io

import pytest
from PIL import Image

from seri.compounds.services import CompoundInput, compound_create


def picture(width: int = 160, height: int = 120) -> Image.Image:
    """A synthetic picture with structure (gradients and a block), so that hashes mean something."""
    img = Image.new("RGB", (width, height))
    for x in range(width):
        for y in range(height):
            img.putpixel((x, y), ((x * 255) // width, (y * 255) // height, (x * y) % 256))
    for x in range(width // 4, width // 2):
        for y in range(height // 3, 2 * height // 3):
            img.putpixel((x, y), (250, 250, 250))
    return img


def jpeg_with_gps() -> bytes:
    img = picture()
    exif = Image.Exif()
    exif[0x010F] = "DemoCam"  # make
    exif[0x0110] = "Demo Model X"  # model
    exif[0xA431] = "SERIAL-DEMO-0001"  # body serial number
    gps = exif.get_ifd(0x8825)
    gps.update({1: "N", 2: (10.0, 37.0, 49.8), 3: "E", 4: (103.0, 30.0, 18.7)})
    out = io.BytesIO()
    img.save(out, "JPEG", quality=90, exif=exif.tobytes())
    return out.getvalue()


@pytest.fixture
def compound(db):
    return compound_create(
        actor=None, data=CompoundInput(name="Evidence Demo Compound", province_code="18")
    )
