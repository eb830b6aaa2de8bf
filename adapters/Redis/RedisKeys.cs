using StackExchange.Redis;

namespace BranchBot.Adapters.Redis;

/// <summary>
/// Every key the adapter uses, built in one place. A member's keys share the hash tag <c>{u:openid}</c> so the
/// scripts that touch several of them stay in one cluster slot.
/// </summary>
internal sealed class RedisKeys(string prefix)
{
    public RedisKey Session(string openId) => prefix + "{u:" + openId + "}:session";

    public RedisKey Inbox(string openId, string inboxKey) => prefix + "{u:" + openId + "}:in:" + inboxKey;

    public RedisKey Shared(string key) => prefix + "shared:" + key;
}
