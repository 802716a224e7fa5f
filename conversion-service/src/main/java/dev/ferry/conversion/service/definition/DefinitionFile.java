package dev.ferry.conversion.service.definition;

/**
 * A VM definition file to write into the job's target folder.
 *
 * @param name file name in the target folder
 * @param content the file's text
 */
public record DefinitionFile(String name, String content) {
}
