namespace BranchBot.Core.Storage;

/// <summary>
/// The store did not answer in time or could not be reached: an infrastructure failure, not a bug. Whether the
/// operation took effect is unknown, which every state change tolerates (they are idempotent), so the caller may say
/// "busy, try again" and the member's retry does the rest.
/// </summary>
public sealed class StoreUnavailableException(string message, Exception? innerException = null) : Exception(message, innerException);
