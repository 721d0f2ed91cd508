// Stand-in for an Android-only class, for the type-check only (app-check/pom.xml).
package android.os
class Bundle
