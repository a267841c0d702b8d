using System.Buffers.Binary;
using System.Text;

namespace Cameras.Evidence.Live;

/// <summary>One ISO BMFF box header (size, four-character type) read from the front of some bytes.</summary>
public readonly record struct IsoBox(string Type, long Size, int HeaderLength)
{
    // Top-level boxes a CMAF/fMP4 pusher sends; anything else at the top of a segment is not fMP4.
    private static readonly HashSet<string> TopLevel = ["ftyp", "styp", "moov", "moof", "mdat", "sidx", "prft", "emsg", "free", "skip", "uuid", "meta", "mfra"];

    /// <summary>Reads a header; false when fewer than its bytes are available.</summary>
    /// <exception cref="InvalidDataException">the bytes are not a box header a live pusher sends</exception>
    public static bool TryRead(ReadOnlySpan<byte> data, bool topLevel, out IsoBox box)
    {
        box = default;
        if (data.Length < 8) return false;
        var size = (long)BinaryPrimitives.ReadUInt32BigEndian(data);
        var type = Encoding.ASCII.GetString(data.Slice(4, 4));
        if (topLevel && !TopLevel.Contains(type)) throw new InvalidDataException($"'{Printable(type)}' is not an fMP4 box.");
        var header = 8;
        if (size == 1)
        {
            if (data.Length < 16) return false;
            size = checked((long)BinaryPrimitives.ReadUInt64BigEndian(data[8..]));
            header = 16;
        }
        // Size 0 ("to the end of the file") has no end in a stream; a box smaller than its header is corrupt.
        if (size < header) throw new InvalidDataException($"Box '{Printable(type)}' has an impossible size {size}.");
        box = new IsoBox(type, size, header);
        return true;
    }

    /// <summary>The children of a container box's body.</summary>
    public static IEnumerable<(string Type, ReadOnlyMemory<byte> Body)> Children(ReadOnlyMemory<byte> body)
    {
        var offset = 0;
        while (offset + 8 <= body.Length)
        {
            if (!TryRead(body.Span[offset..], false, out var box) || offset + box.Size > body.Length) yield break;
            yield return (box.Type, body.Slice(offset + box.HeaderLength, (int)box.Size - box.HeaderLength));
            offset += (int)box.Size;
        }
    }

    public static ReadOnlyMemory<byte>? Child(ReadOnlyMemory<byte> body, string type)
    {
        foreach (var (t, b) in Children(body)) if (t == type) return b;
        return null;
    }

    private static string Printable(string type) => new(type.Select(c => c is >= ' ' and <= '~' ? c : '?').ToArray());
}
