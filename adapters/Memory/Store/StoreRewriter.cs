using System.Collections;
using System.Reflection;

namespace BranchBot.Adapters.Memory;

/// <summary>
/// The memory store's twin of the Redis erasure scan: walks every collection field of the store, whatever its shape
/// (dictionaries, lists, sets, queues, records, tuples), and rewrites each string: the old member id becomes the
/// anonymous one; a dictionary key or set member holding a secret (phone, openid) is dropped; any other string holding
/// one has it scrubbed. Walking by reflection means a collection added later is covered without code of its own.
/// </summary>
internal sealed class StoreRewriter(string oldId, string newId, IReadOnlyList<string> secrets)
{
    public const string Scrubbed = "[已删除]";
    private static readonly object Drop = new();
    private static readonly MethodInfo Clone = typeof(object).GetMethod("MemberwiseClone", BindingFlags.Instance | BindingFlags.NonPublic)!;
    private readonly HashSet<object> _visited = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<object, object> _objects = new(ReferenceEqualityComparer.Instance);
    private int _changed;
    private int _deleted;

    /// <summary>Rewrites the collections held in <paramref name="store"/>'s fields; returns (entries changed, entries dropped).</summary>
    public (int Changed, int Deleted) RewriteFieldsOf(object store)
    {
        foreach (var field in store.GetType().GetFields(BindingFlags.Instance | BindingFlags.NonPublic | BindingFlags.Public))
        {
            if (field.FieldType == typeof(string) || !typeof(IEnumerable).IsAssignableFrom(field.FieldType) || field.GetValue(store) is not { } value)
            {
                continue;
            }

            var rewritten = Rewrite(value, false);
            if (!ReferenceEquals(rewritten, value) && rewritten != Drop)
            {
                field.SetValue(store, rewritten);
            }
        }

        return (_changed, _deleted);
    }

    private object? Rewrite(object? value, bool isKey)
    {
        switch (value)
        {
            case null:
                return null;
            case string text:
                return RewriteText(text, isKey);
            case IDictionary dictionary:
                RewriteDictionary(dictionary);
                return value;
            case Array array:
                var copy = (Array)array.Clone();
                var arrayChanged = false;
                for (var i = 0; i < copy.Length; i++)
                {
                    var item = copy.GetValue(i);
                    var next = Rewrite(item, false);
                    if (!ReferenceEquals(next, item) && !Equals(next, item))
                    {
                        copy.SetValue(next == Drop ? null : next, i);
                        arrayChanged = true;
                    }
                }

                return arrayChanged ? copy : value;
            case IList list:
                RewriteList(list);
                return value;
        }

        var type = value.GetType();
        if (type.IsPrimitive || type.IsEnum || value is decimal or DateTime or DateTimeOffset or DateOnly or TimeOnly or TimeSpan or Guid)
        {
            return value;
        }

        if (type.IsGenericType && IsSetOrQueue(type.GetGenericTypeDefinition()))
        {
            RewriteSequence(value, type, isKey: type.GetGenericTypeDefinition() != typeof(Queue<>));
            return value;
        }

        return IsWalked(type) ? RewriteObject(value, type, isKey) : value;
    }

    private static bool IsSetOrQueue(Type definition) =>
        definition == typeof(HashSet<>) || definition == typeof(SortedSet<>) || definition == typeof(Queue<>) || definition == typeof(LinkedList<>);

    /// <summary>The store's own records and tuples; framework objects (locks, clocks, options) are left alone.</summary>
    private static bool IsWalked(Type type) =>
        type.Namespace?.StartsWith("BranchBot", StringComparison.Ordinal) == true
        || (type.IsValueType && type.FullName?.StartsWith("System.ValueTuple", StringComparison.Ordinal) == true)
        || (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(KeyValuePair<,>));

    private object RewriteText(string text, bool isKey)
    {
        var next = text;
        foreach (var secret in secrets)
        {
            if (secret.Length > 0 && next.Contains(secret, StringComparison.Ordinal))
            {
                if (isKey)
                {
                    _deleted++;
                    return Drop;
                }

                next = next.Replace(secret, Scrubbed, StringComparison.Ordinal);
            }
        }

        next = next.Replace(oldId, newId, StringComparison.Ordinal);
        if (next != text)
        {
            _changed++;
            return next;
        }

        return text;
    }

    private void RewriteDictionary(IDictionary dictionary)
    {
        if (!_visited.Add(dictionary))
        {
            return;
        }

        var entries = new List<DictionaryEntry>();
        foreach (DictionaryEntry entry in dictionary)
        {
            entries.Add(entry);
        }

        foreach (var entry in entries)
        {
            var key = Rewrite(entry.Key, true);
            if (key == Drop)
            {
                dictionary.Remove(entry.Key);
                continue;
            }

            var value = Rewrite(entry.Value, false);
            if (value == Drop)
            {
                dictionary.Remove(entry.Key);
                continue;
            }

            if (!Equals(key, entry.Key))
            {
                dictionary.Remove(entry.Key);
                dictionary[key!] = value;
            }
            else if (!ReferenceEquals(value, entry.Value))
            {
                dictionary[entry.Key] = value;
            }
        }
    }

    private void RewriteList(IList list)
    {
        if (!_visited.Add(list))
        {
            return;
        }

        for (var i = list.Count - 1; i >= 0; i--)
        {
            var item = list[i];
            var next = Rewrite(item, false);
            if (next == Drop)
            {
                list.RemoveAt(i);
            }
            else if (!ReferenceEquals(next, item))
            {
                list[i] = next;
            }
        }
    }

    /// <summary>Sets (members are identities, so one holding a secret is dropped) and queues (items kept in order, scrubbed).</summary>
    private void RewriteSequence(object sequence, Type type, bool isKey)
    {
        if (!_visited.Add(sequence))
        {
            return;
        }

        var items = ((IEnumerable)sequence).Cast<object?>().ToList();
        var rewritten = items.Select(i => Rewrite(i, isKey)).ToList();
        if (items.Zip(rewritten).All(p => ReferenceEquals(p.First, p.Second)))
        {
            return;
        }

        type.GetMethod("Clear")!.Invoke(sequence, null);
        var add = type.GetMethod("Add") ?? type.GetMethod("Enqueue") ?? type.GetMethod("AddLast", [type.GetGenericArguments()[0]])!;
        foreach (var item in rewritten.Where(i => i != Drop))
        {
            add.Invoke(sequence, [item]);
        }
    }

    /// <summary>A record, class or struct: a copy with its fields rewritten, or the same object if nothing changed.</summary>
    private object RewriteObject(object value, Type type, bool isKey)
    {
        if (!type.IsValueType && _objects.TryGetValue(value, out var done))
        {
            return done;
        }

        var result = RewriteFields(value, type, isKey);
        if (!type.IsValueType)
        {
            _objects[value] = result;
        }

        return result;
    }

    private object RewriteFields(object value, Type type, bool isKey)
    {
        object? copy = null;
        for (var t = type; t is not null && t != typeof(object); t = t.BaseType)
        {
            foreach (var field in t.GetFields(BindingFlags.Instance | BindingFlags.NonPublic | BindingFlags.Public | BindingFlags.DeclaredOnly))
            {
                var item = field.GetValue(value);
                var next = Rewrite(item, isKey);
                if (next == Drop)
                {
                    return Drop;
                }

                if (!ReferenceEquals(next, item) && !Equals(next, item))
                {
                    // MemberwiseClone of a boxed struct is a new box too, so the caller sees a different object.
                    copy ??= Clone.Invoke(value, null)!;
                    field.SetValue(copy, next);
                }
            }
        }

        return copy ?? value;
    }
}
