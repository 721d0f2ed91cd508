// Stand-in for an Android-only class, for the type-check only (app-check/pom.xml).
package androidx.lifecycle
open class AndroidViewModel(app: android.app.Application) : ViewModel()
