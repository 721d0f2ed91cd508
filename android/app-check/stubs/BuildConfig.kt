// Stand-in for an Android-only class, for the type-check only (app-check/pom.xml).
package com.wealthcore.app
object BuildConfig { const val SERVER_URL = "https://10.0.2.2:8443" }
