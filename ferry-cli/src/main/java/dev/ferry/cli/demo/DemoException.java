package dev.ferry.cli.demo;

/** A step of the demo that cannot go on, with what to do about it. */
final class DemoException extends RuntimeException {

    DemoException(String message) {
        super(message);
    }
}
