using System.Security.Cryptography;
using System.Text;
using StackExchange.Redis;

namespace BranchBot.Adapters.Redis;

/// <summary>A Lua script run by its SHA-1 (EVALSHA), loaded on first use or after a server restart (NOSCRIPT).</summary>
internal sealed class RedisScript(string source)
{
    private readonly byte[] _sha1 = SHA1.HashData(Encoding.UTF8.GetBytes(source));

    public async Task<RedisResult> EvaluateAsync(IDatabaseAsync db, RedisKey[] keys, RedisValue[] args)
    {
        try
        {
            return await db.ScriptEvaluateAsync(_sha1, keys, args);
        }
        catch (RedisServerException e) when (e.Message.StartsWith("NOSCRIPT", StringComparison.Ordinal))
        {
            return await db.ScriptEvaluateAsync(source, keys, args);
        }
    }
}
