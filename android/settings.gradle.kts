// Android build of wealth-core (library + Compose demo app), laid out like bdk-android:
// lib/ is the AAR (generated Kotlin + .so files from cargo-ndk), app/ draws its view models.
// Not built on the project's CI machine (no Google Maven, no Android SDK): see README.
pluginManagement {
    repositories {
        google()
        mavenCentral()
        gradlePluginPortal()
    }
}
dependencyResolutionManagement {
    repositoriesMode.set(RepositoriesMode.FAIL_ON_PROJECT_REPOS)
    repositories {
        google()
        mavenCentral()
    }
}
rootProject.name = "wealth-android"
include(":lib", ":app")
