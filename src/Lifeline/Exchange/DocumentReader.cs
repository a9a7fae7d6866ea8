using System.Buffers;
using System.Text.Json;
using Lifeline.Web;

namespace Lifeline.Exchange;

/// <summary>What <see cref="DocumentReader"/> finds in a document, in file order.</summary>
internal interface IDocumentVisitor
{
    void Format(string? format);
    void Situation(SituationDto situation);
    void Source(int index, SourceDto source);
    void Place(int index, PlaceDto place);
    void Actor(int index, ActorDto actor);
    void Event(int index, EventDto evt);
    void Review(int index, ReviewDto review);
    void Assessment(int index, EarlyWarning.AssessmentDto assessment);
    void SupplyObservation(int index, SupplyObservationDto observation);
    void Evidence(int index, EvidenceDto evidence);

    /// <param name="field">Where, as a path: <c>events[12].date</c>.</param>
    void Error(string field, string message);
}

/// <summary>
/// Reads a <c>lifeline/1</c> document from a stream one record at a time, so that a file of a million events
/// is imported in flat memory. A record that does not fit its shape is reported by path and skipped; reading
/// goes on, so one pass finds every such error.
/// </summary>
internal sealed class DocumentReader(Stream stream, IProgress<long>? progress = null)
{
    private enum Phase { BeforeRoot, InRoot, InArray, Done }

    private Phase phase = Phase.BeforeRoot;
    private string? property;
    private int index;

    public void Read(IDocumentVisitor visitor)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(1 << 16);
        try
        {
            var filled = 0;
            var final = false;
            var state = new JsonReaderState(new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip });
            long position = 0;
            while (true)
            {
                var reader = new Utf8JsonReader(buffer.AsSpan(0, filled), final, state);
                bool done;
                try
                {
                    done = Step(ref reader, visitor);
                }
                catch (JsonException ex)
                {
                    visitor.Error("$", $"is not valid JSON: {ex.Message}");
                    return;
                }
                catch (InvalidOperationException ex)
                {
                    // A name or a value that is not text: invalid UTF-8, or an escaped lone surrogate (\ud800).
                    visitor.Error("$", $"is not valid text at byte {position + reader.BytesConsumed + 1:N0}: {NotText(ex)}");
                    return;
                }
                var consumed = (int)reader.BytesConsumed;
                state = reader.CurrentState;
                position += consumed;
                progress?.Report(position);
                if (done)
                {
                    return;
                }
                if (final)
                {
                    visitor.Error("$", "the document ends too early: a bracket or brace is not closed");
                    return;
                }
                Buffer.BlockCopy(buffer, consumed, buffer, 0, filled - consumed);
                filled -= consumed;
                if (filled == buffer.Length)
                {
                    var larger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
                    Buffer.BlockCopy(buffer, 0, larger, 0, filled);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }
                var read = stream.Read(buffer, filled, buffer.Length - filled);
                if (read == 0)
                {
                    final = true;
                }
                filled += read;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Goes as far as the buffered bytes allow; true once the document is finished.</summary>
    private bool Step(ref Utf8JsonReader reader, IDocumentVisitor visitor)
    {
        while (true)
        {
            switch (phase)
            {
                case Phase.Done:
                    return true;

                case Phase.BeforeRoot:
                    if (!reader.Read())
                    {
                        return false;
                    }
                    if (reader.TokenType != JsonTokenType.StartObject)
                    {
                        visitor.Error("$", "a Lifeline document is one JSON object: { \"format\": \"lifeline/1\", ... }");
                        phase = Phase.Done;
                        return true;
                    }
                    phase = Phase.InRoot;
                    break;

                case Phase.InRoot when property is null:
                    if (!reader.Read())
                    {
                        return false;
                    }
                    if (reader.TokenType == JsonTokenType.EndObject)
                    {
                        phase = Phase.Done;
                        return true;
                    }
                    property = reader.GetString();
                    break;

                case Phase.InRoot:
                    {
                        var beforeValue = reader;
                        if (!reader.Read())
                        {
                            return false;
                        }
                        if (IsArraySection(property) && reader.TokenType == JsonTokenType.StartArray)
                        {
                            phase = Phase.InArray;
                            index = 0;
                            break;
                        }
                        if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray)
                        {
                            var end = reader;
                            if (!end.TrySkip())
                            {
                                reader = beforeValue;
                                return false;
                            }
                            if (property == "situation" && reader.TokenType == JsonTokenType.StartObject)
                            {
                                Deserialize<SituationDto>(ref reader, "situation", visitor, visitor.Situation);
                            }
                            else
                            {
                                visitor.Error(property!, IsArraySection(property) ? "must be a list: [ ... ]" : $"'{property}' is not a section of the format");
                            }
                            reader = end;
                        }
                        else if (property == "format")
                        {
                            visitor.Format(reader.TokenType == JsonTokenType.String ? reader.GetString() : null);
                        }
                        else
                        {
                            visitor.Error(property!, property == "situation" ? "must be an object: { ... }" : $"'{property}' is not a section of the format");
                        }
                        property = null;
                        break;
                    }

                case Phase.InArray:
                    {
                        var beforeElement = reader;
                        if (!reader.Read())
                        {
                            return false;
                        }
                        if (reader.TokenType == JsonTokenType.EndArray)
                        {
                            phase = Phase.InRoot;
                            property = null;
                            break;
                        }
                        var end = reader;
                        if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray && !end.TrySkip())
                        {
                            reader = beforeElement;
                            return false;
                        }
                        var path = $"{property}[{index}]";
                        if (reader.TokenType != JsonTokenType.StartObject)
                        {
                            visitor.Error(path, "must be an object: { ... }");
                        }
                        else
                        {
                            var i = index;
                            switch (property)
                            {
                                case "sources": Deserialize<SourceDto>(ref reader, path, visitor, s => visitor.Source(i, s)); break;
                                case "places": Deserialize<PlaceDto>(ref reader, path, visitor, p => visitor.Place(i, p)); break;
                                case "actors": Deserialize<ActorDto>(ref reader, path, visitor, a => visitor.Actor(i, a)); break;
                                case "events": Deserialize<EventDto>(ref reader, path, visitor, e => visitor.Event(i, e)); break;
                                case "reviews": Deserialize<ReviewDto>(ref reader, path, visitor, r => visitor.Review(i, r)); break;
                                case "assessments": Deserialize<EarlyWarning.AssessmentDto>(ref reader, path, visitor, a => visitor.Assessment(i, a)); break;
                                case "supplyObservations": Deserialize<SupplyObservationDto>(ref reader, path, visitor, o => visitor.SupplyObservation(i, o)); break;
                                case "evidence": Deserialize<EvidenceDto>(ref reader, path, visitor, e => visitor.Evidence(i, e)); break;
                            }
                        }
                        reader = end;
                        index++;
                        break;
                    }
            }
        }
    }

    private static string NotText(InvalidOperationException ex) =>
        ex.Message.Contains("UTF-16", StringComparison.Ordinal) || ex.Message.Contains("surrogate", StringComparison.OrdinalIgnoreCase)
            ? "a lone surrogate (half of a UTF-16 pair) is not a character"
            : "it is not valid UTF-8";

    private static bool IsArraySection(string? name) =>
        name is "sources" or "places" or "actors" or "events" or "reviews" or "assessments" or "supplyObservations" or "evidence";

    private static void Deserialize<T>(ref Utf8JsonReader reader, string path, IDocumentVisitor visitor, Action<T> deliver) where T : class
    {
        T? value;
        try
        {
            value = JsonSerializer.Deserialize<T>(ref reader, ExchangeJson.Options);
        }
        catch (JsonException ex) when (ex.InnerException is InvalidOperationException inner)
        {
            visitor.Error(JsonErrors.FieldOf(path, ex.Path), $"is not valid text: {NotText(inner)}");
            return;
        }
        catch (JsonException ex)
        {
            visitor.Error(JsonErrors.FieldOf(path, ex.Path), JsonErrors.Explain(ex));
            return;
        }
        catch (InvalidOperationException ex)
        {
            visitor.Error(path, $"is not valid text: {NotText(ex)}");
            return;
        }
        if (value is null)
        {
            return;
        }
        // Every text field of a record has a declared length and character rule; a record that breaks one is not read further.
        var declared = Core.Common.InputRules.Check(value, path);
        if (!declared.IsEmpty)
        {
            foreach (var (field, messages) in declared.ToDictionary())
            {
                foreach (var message in messages)
                {
                    visitor.Error(field, message);
                }
            }
            return;
        }
        deliver(value);
    }
}
