package com.wealthcore

import android.content.Context
import android.security.keystore.KeyGenParameterSpec
import android.security.keystore.KeyProperties
import android.util.Base64
import java.security.KeyStore
import javax.crypto.Cipher
import javax.crypto.KeyGenerator
import javax.crypto.SecretKey
import javax.crypto.spec.GCMParameterSpec
import uniffi.wealth_ffi.PlatformSecretStore
import uniffi.wealth_ffi.SecretStoreException

/**
 * Secrets sealed with an AES-256-GCM key that never leaves the Android Keystore (hardware-backed
 * where the device has it); the sealed bytes (IV + ciphertext) live in private SharedPreferences.
 * Android only (not compiled by the Maven JVM build). Implements the core's [PlatformSecretStore]
 * callback interface; a Keystore failure reaches the core as [SecretStoreException.Failed].
 */
class KeystoreSecretStore(context: Context, private val alias: String = "wealthcore.secrets") : PlatformSecretStore {
    private val prefs = context.getSharedPreferences("wealthcore.secrets", Context.MODE_PRIVATE)

    private fun key(): SecretKey {
        val ks = KeyStore.getInstance("AndroidKeyStore").apply { load(null) }
        (ks.getEntry(alias, null) as? KeyStore.SecretKeyEntry)?.let { return it.secretKey }
        val gen = KeyGenerator.getInstance(KeyProperties.KEY_ALGORITHM_AES, "AndroidKeyStore")
        gen.init(
            KeyGenParameterSpec.Builder(alias, KeyProperties.PURPOSE_ENCRYPT or KeyProperties.PURPOSE_DECRYPT)
                .setBlockModes(KeyProperties.BLOCK_MODE_GCM)
                .setEncryptionPaddings(KeyProperties.ENCRYPTION_PADDING_NONE)
                .setKeySize(256)
                .build(),
        )
        return gen.generateKey()
    }

    /** Runs a platform call; any failure becomes the callback interface's error. */
    private inline fun <T> platform(what: String, block: () -> T): T =
        try {
            block()
        } catch (e: SecretStoreException) {
            throw e
        } catch (e: Exception) {
            throw SecretStoreException.Failed("keystore $what: ${e.javaClass.simpleName}")
        }

    override fun get(name: String): ByteArray? = platform("get") {
        val sealed = prefs.getString(name, null)?.let { Base64.decode(it, Base64.NO_WRAP) } ?: return@platform null
        val cipher = Cipher.getInstance("AES/GCM/NoPadding")
        cipher.init(Cipher.DECRYPT_MODE, key(), GCMParameterSpec(128, sealed, 0, IV_BYTES))
        cipher.doFinal(sealed, IV_BYTES, sealed.size - IV_BYTES)
    }

    override fun set(name: String, value: ByteArray) = platform("set") {
        val cipher = Cipher.getInstance("AES/GCM/NoPadding")
        cipher.init(Cipher.ENCRYPT_MODE, key()) // the Keystore picks a fresh random IV
        val sealed = cipher.iv + cipher.doFinal(value)
        check(cipher.iv.size == IV_BYTES)
        // commit(), not apply(): the core relies on the secret being stored when set returns.
        check(prefs.edit().putString(name, Base64.encodeToString(sealed, Base64.NO_WRAP)).commit())
    }

    override fun delete(name: String) = platform("delete") {
        check(prefs.edit().remove(name).commit())
    }

    private companion object {
        const val IV_BYTES = 12
    }
}
