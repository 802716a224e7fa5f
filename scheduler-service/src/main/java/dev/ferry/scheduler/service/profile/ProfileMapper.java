package dev.ferry.scheduler.service.profile;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.MapperBuilder;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

/**
 * The one Jackson configuration for profile documents, in YAML (the shipped files, uploads) and JSON (the API and the
 * database). Unknown fields are refused, so a misspelt limit is an error rather than a silently missing one.
 */
public final class ProfileMapper {

    private static final ObjectMapper YAML = configure(YAMLMapper.builder());
    private static final ObjectMapper JSON = configure(JsonMapper.builder());

    private ProfileMapper() {
    }

    public static ObjectMapper yaml() {
        return YAML;
    }

    public static ObjectMapper json() {
        return JSON;
    }

    private static ObjectMapper configure(MapperBuilder<?, ?> builder) {
        return builder.enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_ENUMS)
                .serializationInclusion(JsonInclude.Include.NON_NULL)
                .build();
    }
}
