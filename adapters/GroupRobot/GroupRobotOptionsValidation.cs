using Microsoft.Extensions.Options;

namespace BranchBot.Adapters.GroupRobot;

/// <summary>Start-up checks the data annotations cannot express, with messages that name the setting.</summary>
internal sealed class GroupRobotOptionsValidator : IValidateOptions<GroupRobotOptions>
{
    public ValidateOptionsResult Validate(string? name, GroupRobotOptions o)
    {
        var errors = new List<string>();
        if (o.AllowedHosts is null || o.AllowedHosts.Count == 0)
        {
            errors.Add("GroupRobot:AllowedHosts needs at least one host name, e.g. qyapi.weixin.qq.com.");
        }
        else
        {
            for (var i = 0; i < o.AllowedHosts.Count; i++)
            {
                var host = o.AllowedHosts[i];
                if (string.IsNullOrWhiteSpace(host) || host.Trim().Length != host.Length || Uri.CheckHostName(host) == UriHostNameType.Unknown)
                {
                    errors.Add($"GroupRobot:AllowedHosts:{i} must be a bare host name such as qyapi.weixin.qq.com (no scheme, port or path).");
                }
            }
        }

        if (o.Window < TimeSpan.FromMilliseconds(50))
        {
            errors.Add("GroupRobot window must be at least 50 ms.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
