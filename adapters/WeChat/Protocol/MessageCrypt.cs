using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace BranchBot.Adapters.WeChat.Protocol;

/// <summary>
/// WeChat's AES message encryption (WXBizMsgCrypt): AES-256-CBC, IV = first 16 key bytes,
/// plaintext = random(16) ‖ length(4, big-endian) ‖ message ‖ AppID, PKCS#7 padding to 32-byte blocks done by hand.
/// </summary>
public sealed class MessageCrypt
{
    private const int BlockSize = 32;
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private readonly byte[] _key;
    private readonly byte[] _iv;
    private readonly byte[] _appId;

    public MessageCrypt(string encodingAesKey, string appId)
    {
        _key = DecodeKey(encodingAesKey) ?? throw new ArgumentException("EncodingAESKey must be 43 characters of A-Z, a-z and 0-9.", nameof(encodingAesKey));
        _iv = _key[..16];
        _appId = Encoding.ASCII.GetBytes(appId);
    }

    /// <summary>The 32-byte AES key for a console EncodingAESKey, or null if it is not 43 alphanumeric characters.</summary>
    public static byte[]? DecodeKey(string? encodingAesKey)
    {
        if (encodingAesKey is not { Length: 43 } || !encodingAesKey.All(char.IsAsciiLetterOrDigit))
        {
            return null;
        }

        return Convert.FromBase64String(encodingAesKey + "=");
    }

    /// <summary>Encrypts <paramref name="message"/> with fresh random bytes.</summary>
    public string Encrypt(string message)
    {
        Span<byte> random = stackalloc byte[16];
        RandomNumberGenerator.Fill(random);
        return Encrypt(message, random);
    }

    /// <summary>Encrypts with the given 16 random bytes (deterministic; for test vectors).</summary>
    public string Encrypt(string message, ReadOnlySpan<byte> random16)
    {
        if (random16.Length != 16)
        {
            throw new ArgumentException("Exactly 16 random bytes are needed.", nameof(random16));
        }

        var body = Encoding.UTF8.GetBytes(message);
        var length = 16 + 4 + body.Length + _appId.Length;
        var pad = BlockSize - (length % BlockSize);
        var plain = new byte[length + pad];
        random16.CopyTo(plain);
        BinaryPrimitives.WriteUInt32BigEndian(plain.AsSpan(16, 4), (uint)body.Length);
        body.CopyTo(plain.AsSpan(20));
        _appId.CopyTo(plain.AsSpan(20 + body.Length));
        plain.AsSpan(length).Fill((byte)pad);

        using var aes = Aes.Create();
        aes.Key = _key;
        return Convert.ToBase64String(aes.EncryptCbc(plain, _iv, PaddingMode.None));
    }

    /// <summary>Decrypts a base64 <c>Encrypt</c> value and checks its padding, layout and AppID strictly.</summary>
    public DecryptResult Decrypt(string? encrypted)
    {
        if (string.IsNullOrEmpty(encrypted))
        {
            return DecryptResult.Fail(DecryptError.BadBase64);
        }

        var cipher = new byte[encrypted.Length];
        if (!Convert.TryFromBase64String(encrypted, cipher, out var cipherLength))
        {
            return DecryptResult.Fail(DecryptError.BadBase64);
        }

        if (cipherLength == 0 || cipherLength % 16 != 0)
        {
            return DecryptResult.Fail(DecryptError.BadLength);
        }

        byte[] plain;
        using (var aes = Aes.Create())
        {
            aes.Key = _key;
            plain = aes.DecryptCbc(cipher.AsSpan(0, cipherLength), _iv, PaddingMode.None);
        }

        int pad = plain[^1];
        if (pad is < 1 or > BlockSize || pad > plain.Length || plain.AsSpan(plain.Length - pad).ContainsAnyExcept((byte)pad))
        {
            return DecryptResult.Fail(DecryptError.BadPadding);
        }

        var content = plain.AsSpan(0, plain.Length - pad);
        if (content.Length < 20)
        {
            return DecryptResult.Fail(DecryptError.BadLayout);
        }

        var messageLength = BinaryPrimitives.ReadUInt32BigEndian(content.Slice(16, 4));
        if (messageLength > (uint)(content.Length - 20))
        {
            return DecryptResult.Fail(DecryptError.BadLayout);
        }

        var message = content.Slice(20, (int)messageLength);
        var tail = content[(20 + (int)messageLength)..];
        if (!CryptographicOperations.FixedTimeEquals(tail, _appId))
        {
            return DecryptResult.Fail(DecryptError.AppIdMismatch);
        }

        try
        {
            return new DecryptResult(StrictUtf8.GetString(message), null);
        }
        catch (DecoderFallbackException)
        {
            return DecryptResult.Fail(DecryptError.BadLayout);
        }
    }
}

public enum DecryptError
{
    BadBase64,
    BadLength,
    BadPadding,
    BadLayout,
    AppIdMismatch,
}

/// <summary>The decrypted message, or why it could not be decrypted.</summary>
public sealed record DecryptResult(string? Message, DecryptError? Error)
{
    public static DecryptResult Fail(DecryptError error) => new(null, error);
}
