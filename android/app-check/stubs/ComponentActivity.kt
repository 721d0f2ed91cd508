// Stand-in for an Android-only class, for the type-check only (app-check/pom.xml).
package androidx.activity
open class ComponentActivity { open fun onCreate(savedInstanceState: android.os.Bundle?) {} }
