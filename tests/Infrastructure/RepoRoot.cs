namespace BranchBot.Tests.Infrastructure;

/// <summary>Finds files shipped in the repository from the test binaries, by walking up to the folder holding Bot.sln.</summary>
public static class RepoRoot
{
    public static string PathOf(params string[] parts)
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Bot.sln")))
        {
            dir = dir.Parent;
        }

        var root = dir?.FullName ?? throw new InvalidOperationException("Bot.sln not found above the test binaries");
        return Path.Combine([root, .. parts]);
    }
}
