// The wealth-core Android library (AAR): the uniffi-generated Kotlin, the hand-written layer in
// ../src/main/kotlin (shared with the Maven JVM build) and ../src/androidMain/kotlin (Keystore,
// Logcat), and libwealth_ffi.so per ABI. `../scripts/build-android-libs.sh` (cargo-ndk) writes
// build/generated/{jniLibs,uniffi}; the preBuild hook below runs it.
plugins {
    id("com.android.library")
    id("org.jetbrains.kotlin.android")
}

android {
    namespace = "com.wealthcore"
    compileSdk = 35
    ndkVersion = "27.2.12479018"

    defaultConfig {
        minSdk = 24
        consumerProguardFiles("consumer-rules.pro")
    }
    sourceSets["main"].apply {
        java.srcDirs("../src/main/kotlin", "../src/androidMain/kotlin", "build/generated/uniffi")
        jniLibs.srcDirs("build/generated/jniLibs")
    }
    compileOptions {
        sourceCompatibility = JavaVersion.VERSION_17
        targetCompatibility = JavaVersion.VERSION_17
    }
    kotlinOptions { jvmTarget = "17" }
}

dependencies {
    implementation("net.java.dev.jna:jna:5.18.1@aar")
    implementation("org.jetbrains.kotlinx:kotlinx-coroutines-android:1.10.2")
}

val buildRustLibraries by tasks.registering(Exec::class) {
    description = "cargo-ndk build of libwealth_ffi.so per ABI + uniffi Kotlin generation"
    workingDir = rootProject.projectDir
    commandLine("scripts/build-android-libs.sh")
}
tasks.named("preBuild") { dependsOn(buildRustLibraries) }
