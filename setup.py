"""The one part of the build pyproject.toml cannot state: where resources/ goes.

The checkout keeps its data files in the top-level ``resources/`` folder; the
wheel ships them inside the package as ``casemanager/_resources``, where
``casemanager.paths.resources_dir`` finds them once installed. Package
discovery in pyproject.toml cannot map a folder to a differently named
package, and a fixed package list would go stale with every new subpackage.
Everything else about the project is in pyproject.toml.
"""

from setuptools import find_namespace_packages, find_packages, setup

RESOURCES = "casemanager._resources"
# Every folder of resources/ is listed, so each one's files ship with it.
RESOURCE_PACKAGES = [
    RESOURCES,
    *(f"{RESOURCES}.{folder}" for folder in find_namespace_packages("resources")),
]

setup(
    packages=[*find_packages(include=["casemanager*", "ui*"]), *RESOURCE_PACKAGES],
    package_dir={RESOURCES: "resources"},
    package_data={package: ["*"] for package in RESOURCE_PACKAGES},
)
