// Stand-in for an Android-only class, for the type-check only (app-check/pom.xml).
package androidx.activity.compose
fun androidx.activity.ComponentActivity.setContent(content: @androidx.compose.runtime.Composable () -> Unit) {}
