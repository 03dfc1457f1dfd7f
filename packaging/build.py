"""Build Kindly's packages into ``dist/``: the wheel, a PyInstaller bundle (as a tarball) and a .deb.

Run by ``python3 tools/dev.py package``, inside ``build/venv`` (the runtime pins of
requirements.lock plus packaging/build.lock). Every step is offline once those are installed.

    build/venv/bin/python packaging/build.py [--no-deb] [--no-lintian]

Reproducible: file times are SOURCE_DATE_EPOCH (the last commit's time unless set), owners root,
archives sorted, PYTHONHASHSEED fixed; building twice gives the same .deb byte for byte.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import io
import os
import platform
import shutil
import subprocess
import sys
import tarfile
import time
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tools.shiboken_files import compiled_only  # noqa: E402
from tools.shiboken_files import unpack as unpack_shiboken_files  # noqa: E402

HERE = ROOT / "packaging"
DIST = ROOT / "dist"
BUILD = ROOT / "build"
APP_ID = "io.github.kindly.Kindly"
PREFIX = "opt/kindly"
#: hicolor sizes a desktop asks for, from the panel's 16 px to a software centre's 512 px.
ICON_SIZES = (16, 22, 24, 32, 48, 64, 128, 256, 512)
#: Qt plugins the app never loads (it draws with QtWidgets on X11 or Wayland and loads PNG icons).
PRUNE = (
    "PySide6/Qt/translations",
    "PySide6/Qt/plugins/platforms/libqeglfs.so",
    "PySide6/Qt/plugins/platforms/libqlinuxfb.so",
    "PySide6/Qt/plugins/platforms/libqminimalegl.so",
    "PySide6/Qt/plugins/platforms/libqvnc.so",
    "PySide6/Qt/plugins/platforms/libqvkkhrdisplay.so",
    "PySide6/Qt/plugins/egldeviceintegrations",
    "PySide6/Qt/plugins/generic",
    "PySide6/Qt/plugins/networkinformation",
    "PySide6/Qt/plugins/tls",
    "PySide6/Qt/plugins/imageformats/libqpdf.so",
    # The GTK theme plugin would drag GTK 3, cairo and pango into the bundle; Kindly has its own theme.
    "PySide6/Qt/plugins/platformthemes/libqgtk3.so",
)


def say(message: str) -> None:
    print(f"package: {message}", file=sys.stderr, flush=True)


def run(*command: str | Path, cwd: Path = ROOT, env: dict[str, str] | None = None) -> str:
    result = subprocess.run(
        [str(c) for c in command], cwd=cwd, env=env, check=False, capture_output=True, text=True
    )
    if result.returncode != 0:
        sys.stderr.write(result.stdout + result.stderr)
        shown = " ".join(map(str, command[:6])) + (" …" if len(command) > 6 else "")
        raise SystemExit(f"package: failed: {shown}")
    return result.stdout


def source_date_epoch() -> int:
    if os.environ.get("SOURCE_DATE_EPOCH"):
        return int(os.environ["SOURCE_DATE_EPOCH"])
    out = subprocess.run(
        ["git", "log", "-1", "--format=%ct"], cwd=ROOT, capture_output=True, text=True, check=False
    )
    return int(out.stdout.strip() or 0)


def project_version() -> str:
    import tomllib

    return str(tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["version"])


def build_wheel() -> Path:
    for old in DIST.glob("kindly-*.whl"):
        old.unlink()
    run(sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", DIST, ".")
    (wheel,) = DIST.glob("kindly-*.whl")
    # The bundle is made from what the wheel carries, so install it here (only here: build/venv).
    run(sys.executable, "-m", "pip", "install", "--no-deps", "--force-reinstall", "-q", wheel)
    return wheel


def wheelhouse() -> Path:
    """The pinned runtime wheels in build/wheelhouse, so ``pipx install`` of the wheel works offline
    (``--pip-args "--no-index --find-links build/wheelhouse -c requirements.lock"``)."""
    target = BUILD / "wheelhouse"
    runtime = Path(sys.prefix) / "runtime.lock"  # tools/dev.py writes the runtime pins there
    run(
        sys.executable, "-m", "pip", "download", "-q", "--only-binary", ":all:", "-d", target,
        "-r", runtime if runtime.exists() else ROOT / "requirements.lock",
    )  # fmt: skip
    return target


def build_bundle(sde: int) -> Path:
    work = BUILD / "pyinstaller"
    # shiboken6's support modules, unpacked and compiled for kindly.spec to ship: without them the
    # bundle would compile them from shiboken's embedded zip at every launch (tools/shiboken_files.py).
    compiled_only(unpack_shiboken_files(Path(sys.executable)), BUILD / "shiboken6-files")
    env = dict(os.environ, PYTHONHASHSEED="0", SOURCE_DATE_EPOCH=str(sde))
    run(
        sys.executable, "-m", "PyInstaller", "--noconfirm", "--clean", "--log-level", "WARN",
        "--distpath", work / "dist", "--workpath", work / "work", HERE / "kindly.spec",
        env=env,
    )  # fmt: skip
    bundle = work / "dist" / "kindly"
    internal = bundle / "_internal"
    for relative in PRUNE:
        target = internal / relative
        if target.is_dir():
            shutil.rmtree(target)
        elif target.exists():
            target.unlink()
    # PyInstaller copies the build machine's own system libraries (glib, X11, xcb, fontconfig,
    # OpenSSL, libstdc++ …) beside the bundle. Every desktop has them, and the .deb's Depends
    # (dpkg-shlibdeps) names them, so the system's copies, with their security updates, are used.
    # Only Python itself (built here, not Debian's) and the wheels' own libraries stay.
    for library in internal.glob("lib*.so*"):
        if not library.name.startswith("libpython"):
            library.unlink()
    # Symbols and debug information nobody here reads: 23 MB in libpython alone. The program
    # itself is left as it is: PyInstaller's bootloader finds its archive by its own layout.
    libraries = [p for p in internal.rglob("*.so*") if p.is_file() and not p.is_symlink() and _is_elf(p)]
    run("strip", "--strip-unneeded", "--remove-section=.comment", *libraries)
    return bundle


def normalise(tree: Path, sde: int) -> None:
    """Modes as Debian wants them (0755 dirs and programs, 0644 data) and every time SOURCE_DATE_EPOCH."""
    for path in sorted(tree.rglob("*"), reverse=True):
        if path.is_symlink():
            os.utime(path, (sde, sde), follow_symlinks=False)
            continue
        if path.is_dir():
            path.chmod(0o755)
        else:
            # Only the bundle's program is executable; its libraries and data are not.
            path.chmod(0o755 if path.name == "kindly" and _is_elf(path) else 0o644)
        os.utime(path, (sde, sde))
    os.utime(tree, (sde, sde))


def write_gz(target: Path, data: bytes) -> None:
    """gzip -9n: no file name and no time in the header, so the bytes depend on the data alone."""
    with target.open("wb") as out, gzip.GzipFile(filename="", mode="wb", fileobj=out, mtime=0) as gz:
        gz.write(data)


def _is_elf(path: Path) -> bool:
    with path.open("rb") as handle:
        return handle.read(4) == b"\x7fELF"


def _entries(tree: Path) -> Iterator[Path]:
    yield from sorted(tree.rglob("*"), key=lambda p: p.relative_to(tree).as_posix())


def tarball(bundle: Path, target: Path, sde: int) -> None:
    """A tar.gz of the bundle with sorted entries, root owners and fixed times."""
    raw = io.BytesIO()
    with tarfile.open(fileobj=raw, mode="w", format=tarfile.GNU_FORMAT) as tar:
        for path in [bundle, *_entries(bundle)]:
            name = f"kindly/{path.relative_to(bundle).as_posix()}".rstrip("/.")
            info = tar.gettarinfo(str(path), arcname=name)
            info.uid = info.gid = 0
            info.uname = info.gname = "root"
            info.mtime = sde
            if info.isfile():
                with path.open("rb") as handle:
                    tar.addfile(info, handle)
            else:
                tar.addfile(info)
    write_gz(target, raw.getvalue())


def render_icons(root: Path) -> None:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    sys.path.insert(0, str(ROOT))
    from PySide6.QtGui import QGuiApplication

    from tools.render_icons import render

    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    source = ROOT / "assets" / "icons" / "kindly.svg"
    hicolor = root / "usr/share/icons/hicolor"
    for size in ICON_SIZES:
        target = hicolor / f"{size}x{size}" / "apps" / f"{APP_ID}.png"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(render(source, size))
    scalable = hicolor / "scalable" / "apps" / f"{APP_ID}.svg"
    scalable.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, scalable)
    del app


def man_page(program: Path, version: str, target: Path, sde: int) -> None:
    """kindly(1) from ``kindly --help`` (help2man), gzipped without a name or time in the header."""
    if not shutil.which("help2man"):
        raise SystemExit("package: help2man is missing (apt-get install help2man)")
    env = dict(os.environ, SOURCE_DATE_EPOCH=str(sde), QT_QPA_PLATFORM="offscreen")
    text = run(
        "help2man", "--no-info", "--no-discard-stderr", "--section", "1",
        "--name", "guided self-compassion practice and a breathing pacer",
        "--version-string", version, program,
        env=env,
    )  # fmt: skip
    target.parent.mkdir(parents=True, exist_ok=True)
    write_gz(target, text.encode())


def shlib_depends(root: Path) -> str:
    """``Depends`` from dpkg-shlibdeps over every ELF file in the bundle (Qt's plugins included,
    so the xcb libraries they link are pulled in); the bundle's own libraries are private.

    ``root`` is ``…/debian/kindly`` with its DEBIAN folder, the layout dpkg-shlibdeps expects."""
    elves = [p for p in root.joinpath(PREFIX).rglob("*") if p.is_file() and not p.is_symlink() and _is_elf(p)]
    private = sorted({str(p.parent) for p in elves if ".so" in p.name})
    source = root.parent.parent
    (source / "debian" / "control").write_text("Source: kindly\n\nPackage: kindly\nArchitecture: any\n")
    out = run(
        "dpkg-shlibdeps", "-O", "--ignore-missing-info", "--warnings=0",
        *(f"-l{d}" for d in private), *map(str, elves),
        cwd=source,
    )  # fmt: skip
    for line in out.splitlines():
        if line.startswith("shlibs:Depends="):
            return line.split("=", 1)[1]
    raise SystemExit("package: dpkg-shlibdeps gave no Depends")


def deb_arch() -> str:
    return run("dpkg", "--print-architecture").strip()


def build_deb(bundle: Path, version: str, sde: int) -> Path:
    shutil.rmtree(BUILD / "deb", ignore_errors=True)
    root = BUILD / "deb" / "debian" / "kindly"
    shutil.copytree(bundle, root / PREFIX, symlinks=True)
    (root / "DEBIAN").mkdir()
    (root / "usr/bin").mkdir(parents=True)
    (root / "usr/bin/kindly").symlink_to(f"/{PREFIX}/kindly")  # absolute: it leaves /usr
    share = root / "usr/share"
    for sub, name in (("applications", f"{APP_ID}.desktop"), ("metainfo", f"{APP_ID}.metainfo.xml")):
        (share / sub).mkdir(parents=True)
        text = (HERE / "linux" / name).read_text()
        date = time.strftime("%Y-%m-%d", time.gmtime(sde))
        (share / sub / name).write_text(text.replace("@VERSION@", version).replace("@DATE@", date))
    render_icons(root)
    man_page(bundle / "kindly", version, share / "man/man1/kindly.1.gz", sde)
    doc = share / "doc/kindly"
    doc.mkdir(parents=True)
    shutil.copyfile(HERE / "debian/copyright", doc / "copyright")
    changelog = (HERE / "debian/changelog").read_text().replace("@VERSION@", version)
    changelog = changelog.replace("@DATE@", time.strftime("%a, %d %b %Y %H:%M:%S +0000", time.gmtime(sde)))
    # changelog.gz, not changelog.Debian.gz: a native package, upstream packages itself.
    write_gz(doc / "changelog.gz", changelog.encode())
    overrides = share / "lintian/overrides"
    overrides.mkdir(parents=True)
    shutil.copyfile(HERE / "debian/lintian-overrides", overrides / "kindly")

    depends = shlib_depends(root)
    size_kb = sum((p.lstat().st_size + 1023) // 1024 for p in root.rglob("*") if not p.is_dir())
    control = (HERE / "debian/control.in").read_text()
    control = control.replace("@VERSION@", version).replace("@ARCH@", deb_arch())
    control = control.replace("@SIZE@", str(size_kb)).replace("@DEPENDS@", depends)
    (root / "DEBIAN/control").write_text(control)
    sums = []
    for path in _entries(root):
        if path.is_file() and not path.is_symlink() and "DEBIAN" not in path.relative_to(root).parts:
            digest = hashlib.md5(path.read_bytes()).hexdigest()  # dpkg's md5sums format
            sums.append(f"{digest}  {path.relative_to(root).as_posix()}\n")
    (root / "DEBIAN/md5sums").write_text("".join(sums))
    normalise(root, sde)
    target = DIST / f"kindly_{version}_{deb_arch()}.deb"
    target.unlink(missing_ok=True)
    env = dict(os.environ, SOURCE_DATE_EPOCH=str(sde))
    run("dpkg-deb", "--root-owner-group", "-Zxz", "--threads-max=2", "--build", root, target, env=env)
    return target


def lintian(deb: Path) -> str:
    if not shutil.which("lintian"):
        return "lintian is not installed (apt-get install lintian)"
    result = subprocess.run(
        ["lintian", "--show-overrides", str(deb)],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    return (result.stdout + result.stderr).strip()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-deb", action="store_true", help="only the wheel and the bundle tarball")
    parser.add_argument("--no-lintian", action="store_true")
    args = parser.parse_args()
    DIST.mkdir(exist_ok=True)
    sde = source_date_epoch()
    version = project_version()
    started = time.monotonic()
    wheel = build_wheel()
    say(f"wheel      {wheel.relative_to(ROOT)} ({wheel.stat().st_size / 1e6:.1f} MB)")
    house = wheelhouse()
    say(f"wheelhouse {house.relative_to(ROOT)} (the pinned dependencies, for an offline pipx install)")
    bundle = build_bundle(sde)
    normalise(bundle, sde)
    size = sum(p.stat().st_size for p in bundle.rglob("*") if p.is_file() and not p.is_symlink())
    arch = platform.machine()
    tar_path = DIST / f"kindly-{version}-linux-{arch}.tar.gz"
    tarball(bundle, tar_path, sde)
    packed = tar_path.stat().st_size / 1e6
    say(f"bundle     {tar_path.relative_to(ROOT)} ({packed:.1f} MB; {size / 1e6:.0f} MB unpacked)")
    if not args.no_deb:
        deb = build_deb(bundle, version, sde)
        say(f"deb        {deb.relative_to(ROOT)} ({deb.stat().st_size / 1e6:.1f} MB)")
        if not args.no_lintian:
            report = lintian(deb)
            (BUILD / "lintian.txt").write_text(report + "\n")
            lines = report.splitlines()
            overridden = sum(line.startswith("O: ") for line in lines)
            shown = [line for line in lines if line[:2] not in ("O:", "N:") and "root privileges" not in line]
            why = "each explained in packaging/debian/lintian-overrides"
            say(f"lintian: {overridden} tags overridden, {why}")
            print("\n".join(shown) or "(no other tags)", file=sys.stderr)
            if any(line[:2] in ("E:", "W:") for line in shown):
                say("lintian found errors or warnings that no override explains")
                return 1
    say(f"done in {time.monotonic() - started:.0f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
