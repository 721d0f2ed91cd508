// Stand-ins for Android-only classes, for the type-check only (app-check/pom.xml).
package android.app
open class Application { val filesDir: java.io.File = java.io.File("/tmp"); val applicationContext: android.content.Context = android.content.Context() }
