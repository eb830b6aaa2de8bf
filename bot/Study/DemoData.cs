namespace BranchBot.Bot.Study;

/// <summary>Whether the store holds the shipped demo data, so the console can say so (the banner on every page).</summary>
internal sealed class DemoData
{
    /// <summary>Shared marker: a restarted instance on the same Redis still knows the data is a demo.</summary>
    internal const string Marker = "sample-data:demo";

    private volatile bool _loaded;

    public bool Loaded => _loaded;

    internal void MarkLoaded() => _loaded = true;
}
