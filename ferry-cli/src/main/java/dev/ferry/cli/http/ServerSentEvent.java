package dev.ferry.cli.http;

/**
 * One event of a server-sent event stream.
 *
 * @param id its {@code id:} field, or null
 * @param name its {@code event:} field, "message" when the stream gives none
 * @param data its {@code data:} lines joined with newlines
 */
public record ServerSentEvent(String id, String name, String data) {
}
